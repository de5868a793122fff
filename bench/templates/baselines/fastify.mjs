// Baseline: a bare Fastify server answering a constant. Run from a generated project so `fastify` resolves.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => 'ok');
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => app.close().then(() => process.exit(0)));
