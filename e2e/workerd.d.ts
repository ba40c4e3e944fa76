/** The `workerd` package's default export: the path of the runtime binary for this platform. */
declare module "workerd" {
  const binaryPath: string;
  export default binaryPath;
}
