// The storefront home page, rendered at the edge for a buyer in Germany reading German: the gateway
// forwards to the storefront Worker, which reads the catalog back through the gateway (one cached
// catalog page of 12 listings) and renders HTML. Compare it with the baseline's one authenticated hop.
export default async function storefrontScenarios({ base }) {
  const headers = { "accept-language": "de-DE,de;q=0.9", "x-country": "DE" };
  const first = await fetch(`${base}/`, { headers });
  const html = await first.text();
  if (!first.ok || !html.includes('lang="de"')) throw new Error(`storefront bench setup: ${first.status}`);
  return [{ name: "storefront: GET / rendered (de-DE, DE)", path: "/", headers }];
}
