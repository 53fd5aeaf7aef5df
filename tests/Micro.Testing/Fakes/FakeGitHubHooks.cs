using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// Webhooks and their recent deliveries (<c>repos/list-webhook-deliveries</c>, <c>orgs/…</c>, <c>apps/…</c> and their
/// <c>redeliver-webhook-delivery</c>): a test seeds delivery attempts, and a redelivery is recorded and, like GitHub's, actually sent
/// (signed) to the receiver set with <see cref="DeliverWebhooksTo"/>, its outcome listed as a new attempt of the same guid.
/// </summary>
public sealed partial class FakeGitHub
{
    readonly ConcurrentDictionary<string, List<FakeHookDelivery>> hooks = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentQueue<RecordedRedelivery> redeliveries = new();
    readonly HttpClient hookshot = new() { Timeout = TimeSpan.FromSeconds(10) };
    long lastDeliveryId = 90_000_000;
    (Uri Url, string Secret)? receiver;

    public IReadOnlyList<RecordedRedelivery> Redeliveries => [.. redeliveries];

    /// <summary>Where redeliveries are posted, signed with <paramref name="secret"/>; without it they fail as unreachable (status code 0).</summary>
    public void DeliverWebhooksTo(Uri url, string secret) => receiver = (url, secret);

    /// <summary>A hook that exists at GitHub, with no deliveries yet; a hook nobody added is answered 404.</summary>
    public void AddHook(FakeHook hook) => hooks.TryAdd(hook.Path, []);

    /// <summary>
    /// Records that GitHub delivered an event to the hook and got <paramref name="statusCode"/> back (0: timed out or unreachable).
    /// Action, installation and repository are read from the payload as GitHub does.
    /// </summary>
    public FakeHookDelivery AddHookDelivery(
        FakeHook hook, string guid, string eventName, string payload, int statusCode, DateTimeOffset? deliveredAt = null, bool redelivery = false)
    {
        var delivery = new FakeHookDelivery(Interlocked.Increment(ref lastDeliveryId), guid, deliveredAt ?? DateTimeOffset.UtcNow, redelivery,
            statusCode, StatusText(statusCode), eventName, payload);
        var deliveries = hooks.GetOrAdd(hook.Path, _ => []);
        lock (deliveries)
            deliveries.Add(delivery);
        return delivery;
    }

    public IReadOnlyList<FakeHookDelivery> HookDeliveries(FakeHook hook)
    {
        var deliveries = hooks.GetValueOrDefault(hook.Path) ?? [];
        lock (deliveries)
            return [.. deliveries];
    }

    /// <summary>Answers a request for a hook's deliveries, or null when the path is no such request.</summary>
    async Task<(int Status, JsonNode? Answer)?> RouteHook(string method, string path, HttpRequest request)
    {
        if (HookRoute().Match(path) is not { Success: true } route)
            return null;

        var hook = route.Groups["hook"].Value;
        var isAppHook = hook == FakeHook.App.Path;
        if (isAppHook ? !AppAuthorized(request) : !Authorized(request))
            return isAppHook ? (401, Message("A JSON web token could not be decoded")) : (401, Message("Bad credentials"));
        if (!hooks.TryGetValue(hook, out var deliveries))
            return (404, Message("Not Found"));

        return (method, route.Groups["id"].Success) switch
        {
            ("GET", false) => ListHookDeliveries(hook, deliveries, request),
            ("POST", true) => await Redeliver(hook, deliveries, long.Parse(route.Groups["id"].Value)),
            _ => (404, Message("Not Found")),
        };
    }

    /// <summary>Newest first, <c>per_page</c> at a time; the <c>next</c> link carries a cursor, as GitHub's does.</summary>
    (int, JsonNode?) ListHookDeliveries(string hook, List<FakeHookDelivery> deliveries, HttpRequest request)
    {
        List<FakeHookDelivery> newestFirst;
        lock (deliveries)
            newestFirst = [.. deliveries.OrderByDescending(d => d.DeliveredAt).ThenByDescending(d => d.Id)];

        var perPage = int.TryParse(request.Query["per_page"], out var size) ? Math.Clamp(size, 1, 100) : 30;
        var start = request.Query["cursor"].ToString() is { Length: > 0 } cursor
            ? newestFirst.FindIndex(d => $"v1_{d.Id}" == cursor)
            : 0;
        if (start < 0)
            return (400, Message("Invalid cursor"));

        var page = newestFirst.Skip(start).Take(perPage).ToList();
        if (start + perPage < newestFirst.Count)
            request.HttpContext.Response.Headers.Link = $"<{ApiUrl}{hook.TrimStart('/')}/deliveries?per_page={perPage}&cursor=v1_{newestFirst[start + perPage].Id}>; rel=\"next\"";
        return (200, new JsonArray([.. page.Select(DeliveryJson)]));
    }

    async Task<(int, JsonNode?)> Redeliver(string hook, List<FakeHookDelivery> deliveries, long id)
    {
        FakeHookDelivery? original;
        lock (deliveries)
            original = deliveries.FirstOrDefault(d => d.Id == id);
        if (original is null)
            return (404, Message("Not Found"));

        redeliveries.Enqueue(new RecordedRedelivery(hook, id, original.Guid, DateTimeOffset.UtcNow));
        var statusCode = await Send(hook, original);
        var attempt = original with
        {
            Id = Interlocked.Increment(ref lastDeliveryId), DeliveredAt = DateTimeOffset.UtcNow, Redelivery = true,
            StatusCode = statusCode, Status = StatusText(statusCode),
        };
        lock (deliveries)
            deliveries.Add(attempt);
        return (202, new JsonObject());
    }

    /// <summary>Posts the delivery the way GitHub's hookshot does; the receiver's status code, or 0 when it could not be reached.</summary>
    async Task<int> Send(string hook, FakeHookDelivery delivery)
    {
        if (receiver is not { } target)
            return 0;

        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/fake");
        request.Headers.Add("X-GitHub-Event", delivery.Event);
        request.Headers.Add("X-GitHub-Delivery", delivery.Guid);
        request.Headers.Add("X-GitHub-Hook-ID", hook.Split('/').Last());
        request.Headers.Add("X-Hub-Signature-256", GitHubWebhookSigner.Sign(target.Secret, body));
        try
        {
            using var response = await hookshot.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    static JsonObject DeliveryJson(FakeHookDelivery delivery)
    {
        var payload = JsonNode.Parse(delivery.Payload);
        return new JsonObject
        {
            ["id"] = delivery.Id,
            ["guid"] = delivery.Guid,
            ["delivered_at"] = delivery.DeliveredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["redelivery"] = delivery.Redelivery,
            ["duration"] = delivery.StatusCode == 0 ? 10.0 : 0.05,
            ["status"] = delivery.Status,
            ["status_code"] = delivery.StatusCode,
            ["event"] = delivery.Event,
            ["action"] = payload?["action"]?.DeepClone(),
            ["installation_id"] = payload?["installation"]?["id"]?.DeepClone(),
            ["repository_id"] = payload?["repository"]?["id"]?.DeepClone(),
            ["throttled_at"] = null,
        };
    }

    static string StatusText(int statusCode) => statusCode switch
    {
        0 => "timed out",
        >= 200 and < 300 => "OK",
        _ => $"Invalid HTTP Response: {statusCode}",
    };

    bool AppAuthorized(HttpRequest request) => gitHubApp is not null && ValidAppJwt(request.Headers.Authorization.ToString(), gitHubApp);

    [GeneratedRegex(@"^(?<hook>/repos/[^/]+/[^/]+/hooks/\d+|/orgs/[^/]+/hooks/\d+|/app/hook)/deliveries(?:/(?<id>\d+)/attempts)?$")]
    private static partial Regex HookRoute();
}

/// <summary>A hook as the fake knows it, by its path: a repository's, an organization's, or the App's.</summary>
public sealed record FakeHook(string Path)
{
    public static FakeHook App { get; } = new("/app/hook");

    public static FakeHook Repository(string repository, long hookId) => new($"/repos/{repository}/hooks/{hookId}");

    public static FakeHook Organization(string organization, long hookId) => new($"/orgs/{organization}/hooks/{hookId}");
}

/// <summary>One attempt at delivering an event to a hook; redeliveries share the guid of the event they deliver again.</summary>
public sealed record FakeHookDelivery(
    long Id, string Guid, DateTimeOffset DeliveredAt, bool Redelivery, int StatusCode, string Status, string Event, string Payload);

/// <summary>A redelivery GitHub accepted: of attempt <see cref="DeliveryId"/> of the hook at <see cref="Hook"/>.</summary>
public sealed record RecordedRedelivery(string Hook, long DeliveryId, string Guid, DateTimeOffset At);
