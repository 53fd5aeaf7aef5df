// The peer of Micro's benchmark (tests/Micro.Benchmarks/README.md): the webhook front a GitHub-automation team would otherwise write,
// a minimal Probot app. Probot verifies X-Hub-Signature-256 and dispatches each delivery to the app's handlers; the one handler here
// counts workflow_job events and stores nothing. PORT and WEBHOOK_SECRET come from the environment.
import { createServer } from "node:http";
import { generateKeyPairSync } from "node:crypto";
import { Probot, createNodeMiddleware } from "probot";

const port = Number(process.env.PORT ?? 3000);
const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error("WEBHOOK_SECRET is required");
  process.exit(2);
}

// A GitHub App needs a private key to exist; this one never signs anything that leaves the machine.
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

let workflowJobs = 0;
const app = (probot) => {
  probot.on("workflow_job", async () => {
    workflowJobs++;
  });
};

const probot = new Probot({ appId: 1, privateKey, secret, logLevel: "warn" });
const webhooks = await createNodeMiddleware(app, { probot, webhooksPath: "/webhooks/github" });

createServer((request, response) => {
  if (request.method === "GET" && request.url === "/health/ready") {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end(`ready; ${workflowJobs} workflow_job events dispatched`);
    return;
  }
  webhooks(request, response, () => {
    response.writeHead(404);
    response.end();
  });
}).listen(port, "127.0.0.1", () => console.log(`probot peer listening on http://127.0.0.1:${port}/webhooks/github`));
