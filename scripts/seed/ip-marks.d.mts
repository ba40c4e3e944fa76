export interface ReferenceMark {
  name: string;
  owner: string;
  jurisdiction: string;
  niceClasses: number[];
  registrationNumber: string;
  status: string;
  designations?: string[];
}
export function referenceMarks(): ReferenceMark[];
