// The Platform API's part of a bank-feeds journey, through Codat's TypeScript SDK (@codat/platform),
// unmodified: only serverURL changes, and retries are off. Run by tests/conformance/test_journeys.py:
//   SERVER_URL=http://127.0.0.1:8000 API_KEY=my-sandbox-key WEBHOOK_URL=http://127.0.0.1:9000/hook \
//   WEBHOOK_EVENT_TYPES='["connection.created"]' node journey.mjs
// The webhook consumer, companies, connections and push operations are Platform calls. Source
// accounts, credentials, QBO's linking and the write are not in this SDK: where the journey needs
// them it prints a {"pause": ...} line, and the test does them and answers with one JSON line on stdin.
// The last line printed is {"result": ...}, what the test asserts on.
import { createInterface } from "node:readline";
import { setTimeout as pause } from "node:timers/promises";
import { CodatPlatform } from "@codat/platform";
import { ErrorMessage } from "@codat/platform/sdk/models/errors/index.js";

const platform = new CodatPlatform({
  authHeader: "Basic " + Buffer.from(process.env.API_KEY).toString("base64"),
  serverURL: process.env.SERVER_URL,
  retryConfig: { strategy: "none" },
});

async function handOver(message) {
  const stdin = createInterface({ input: process.stdin });
  console.log(JSON.stringify({ pause: message }));
  const { value } = await stdin[Symbol.asyncIterator]().next();
  stdin.close(); // else the open stdin keeps node running after the journey
  return JSON.parse(value);
}

async function statusOf(call) {
  try {
    await call();
    return 200;
  } catch (error) {
    if (error instanceof ErrorMessage) return error.statusCode;
    throw error;
  }
}

// A webhook consumer for the journey's events, at the test's loopback receiver (WEBHOOK_URL); the test
// verifies its deliveries with svix (tests/conformance/webhooks.py).
const consumer = await platform.webhooks.createConsumer({
  url: process.env.WEBHOOK_URL,
  eventTypes: JSON.parse(process.env.WEBHOOK_EVENT_TYPES),
});
const consumers = await platform.webhooks.listConsumers();
const company = await platform.companies.create({ name: "Bank of Dave" });
const ids = { companyId: company.id };
const connection = await platform.connections.create({ ...ids, requestBody: { platformKey: "hcws" } });
ids.connectionId = connection.id;
const pending = await platform.connections.get(ids);
const listed = await platform.connections.list({ companyId: company.id, page: 1, pageSize: 10 });
const found = await platform.companies.list({ query: `id=${company.id}` });
const before = await platform.companies.get({ companyId: company.id });

// Source account, credentials, QBO's Connect and the write happen outside this SDK.
const { pushOperationKey } = await handOver(ids);

const linked = await platform.connections.get(ids);
const key = { companyId: company.id, pushOperationKey };
let operation = await platform.pushData.getOperation(key);
for (let polls = 0; operation.status === "Pending" && polls < 500; polls++) {
  await pause(20); // a readiness poll: the sandbox completes writes in the background
  operation = await platform.pushData.getOperation(key);
}
const history = await platform.pushData.listOperations({ companyId: company.id, page: 1, pageSize: 10 });
const unlinked = await platform.connections.unlink({ ...ids, updateConnectionStatus: { status: "Unlinked" } });
const after = await platform.companies.get({ companyId: company.id });
await platform.connections.delete(ids);
await platform.companies.delete({ companyId: company.id });

console.log(
  JSON.stringify({
    result: {
      company: { id: company.id, name: company.name, listed: found.results.map((c) => c.id) },
      connectionStatuses: [connection.status, pending.status, linked.status, unlinked.status],
      listedConnections: listed.results.map((c) => c.id),
      dataConnectionStatuses: [before, after].map((c) => c.dataConnections.map((d) => d.status)),
      push: { status: operation.status, changes: operation.changes.length, history: history.totalResults },
      afterDelete: await statusOf(() => platform.companies.get({ companyId: company.id })),
      consumer: { id: consumer.id, disabled: consumer.disabled, listed: consumers.results.map((c) => c.id) },
    },
  }),
);
