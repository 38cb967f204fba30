export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __services__?: { stop(): Promise<void> }[] }).__services__ ?? [];
  await Promise.all(services.map((service) => service.stop()));
}
