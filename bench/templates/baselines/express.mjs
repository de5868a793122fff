// Baseline: a bare Express server answering a constant. Run from a generated project so `express` resolves.
import express from 'express';

const app = express();
app.get('/', (_req, res) => {
  res.send('ok');
});
const server = app.listen(Number(process.env.PORT), process.env.HOST);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
