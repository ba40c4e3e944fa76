/** The services behind the gateway, by the path segment that reaches them. */
export const SERVICES = {
  catalog: "CATALOG",
  payments: "PAYMENTS",
  media: "MEDIA",
  chat: "CHAT",
  ip: "IP",
} as const satisfies Record<string, keyof Env>;

export type ServiceName = keyof typeof SERVICES;

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICES, name);
}

export function serviceBinding(env: Env, name: ServiceName): Fetcher {
  return env[SERVICES[name]] as unknown as Fetcher;
}
