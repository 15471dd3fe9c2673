/** `GET /health`: answers without touching anything, for load balancers and uptime checks. */
export const handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ok: true }),
});
