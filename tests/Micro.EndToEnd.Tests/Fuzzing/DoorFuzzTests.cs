using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Micro.Testing;

namespace Micro.EndToEnd.Tests.Fuzzing;

/// <summary>
/// Every public body, header and query of the door, fuzzed against the running standalone host: whatever is sent, the answer is
/// never a 5xx while the host's dependencies are up. Fixed seed and bounded iterations; a failure names the seed and the input.
/// </summary>
public sealed class DoorFuzzTests(FuzzedStandalone micro) : IClassFixture<FuzzedStandalone>
{
    const string Seed = "0000001diAa7";
    const int Iterations = 200;

    static readonly string[] Events = ["push", "ping", "workflow_job", "workflow_run", "pull_request", "check_suite"];

    [Fact]
    public Task Webhook_headers() =>
        Gen.Select(Gen.Frequency((3, Gen.OneOf(Events)), (1, FuzzInputs.Text)), FuzzInputs.Text, Gen.Frequency((3, Gen.Const("valid")), (1, FuzzInputs.Text)))
            .SampleAsync(async (eventName, deliveryId, signature) =>
            {
                var body = Encoding.UTF8.GetBytes(Fixtures.Read("octokit-webhooks", "split", "push", "payload.json"));
                var signed = signature == "valid" ? GitHubWebhookSigner.Sign(FuzzedStandalone.WebhookSecret, body) : signature;
                await AssertNoServerError(Webhook(body, eventName, deliveryId, signed), $"headers {eventName} / {deliveryId} / {signed}");
            }, seed: Seed, iter: Iterations, threads: 1);

    [Fact]
    public Task Signed_webhook_bodies() =>
        Gen.Select(Gen.OneOf(Events), Gen.Frequency(
                (2, FuzzInputs.Body),
                (1, FuzzInputs.Shaped("action", "repository", "installation", "sender", "workflow_job", "workflow_run", "pull_request", "ref", "after"))))
            .SampleAsync(async (eventName, body) =>
                await AssertNoServerError(Webhook(body, eventName, Guid.NewGuid().ToString(), GitHubWebhookSigner.Sign(FuzzedStandalone.WebhookSecret, body)),
                    $"{eventName} body {Printable(body)}"),
                seed: Seed, iter: Iterations * 2, threads: 1);

    [Fact]
    public Task Lock_bodies_and_environments() =>
        Gen.Select(Gen.Frequency((3, Gen.OneOf("pr", "staging")), (1, FuzzInputs.Text)),
                Gen.OneOf("acquire", "master-applied", "complete", "abort", "reset", "unknown"),
                Gen.Frequency((1, FuzzInputs.Body), (2, FuzzInputs.Shaped("pullRequest", "repository"))))
            .SampleAsync(async (environment, action, body) =>
                await AssertNoServerError(Post($"/api/locks/{Uri.EscapeDataString(environment)}/{action}", body),
                    $"POST /api/locks/{environment}/{action} {Printable(body)}"),
                seed: Seed, iter: Iterations, threads: 1);

    [Fact]
    public Task CircleCi_rerun_bodies() =>
        Gen.Frequency((1, FuzzInputs.Body), (2, FuzzInputs.Shaped("githubRepository", "branchPrefix", "projectSlug", "workflowName", "dryRun")))
            .SampleAsync(async body =>
                await AssertNoServerError(Post("/api/rerun/circleci", body), $"POST /api/rerun/circleci {Printable(body)}"),
            seed: Seed, iter: Iterations, threads: 1);

    [Fact]
    public Task List_queries_and_ids() =>
        Gen.Select(Gen.OneOf(
                    "/api/ingestion/deliveries?event={0}&repository={1}&since={2}&limit={3}",
                    "/api/ingestion/deliveries/{0}",
                    "/api/rerun/runs?repository={0}&limit={1}",
                    "/api/rerun/runs/{0}/{1}/{2}",
                    "/api/rerun/circleci/{0}",
                    "/api/locks/{0}",
                    "/api/locks?{0}={1}"),
                FuzzInputs.Text.Array[4])
            .SampleAsync(async (template, values) =>
            {
                var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, values.Select(Uri.EscapeDataString).ToArray<object>());
                await AssertNoServerError(micro.Client.GetAsync(path), $"GET {path}");
            }, seed: Seed, iter: Iterations, threads: 1);

    Task<HttpResponseMessage> Webhook(byte[] body, string eventName, string deliveryId, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-GitHub-Event", eventName);
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", deliveryId);
        if (signature is not null)
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature);
        return micro.Client.SendAsync(request);
    }

    Task<HttpResponseMessage> Post(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return micro.Client.PostAsync(path, content);
    }

    async Task AssertNoServerError(Task<HttpResponseMessage> sending, string input)
    {
        HttpResponseMessage response;
        try
        {
            response = await sending;
        }
        catch (HttpRequestException exception) when (exception.InnerException is FormatException or ArgumentException)
        {
            return; // A header value HttpClient will not put on the wire: no request was made.
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                throw new InvalidOperationException(
                    $"{(int)response.StatusCode} for {input}: {await response.Content.ReadAsStringAsync()}\nhost log (tail):\n{Tail(micro.Output)}");
            }
        }
    }

    static string Printable(byte[] body) => Encoding.UTF8.GetString(body);

    static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
