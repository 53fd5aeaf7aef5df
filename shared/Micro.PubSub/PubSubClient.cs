using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Micro.PubSub;

/// <summary>
/// Google Cloud Pub/Sub over its REST API (v1). Topics and subscriptions are named by id in <see cref="PubSubOptions.ProjectId"/> or
/// by full name. Every failure is a <see cref="PubSubException"/> that says whether to retry. Calls that are safe to repeat (pull,
/// acknowledge, ack-deadline changes, creating) are retried on transient failures; publish is not, since a repeat would publish
/// the message again under a new id.
/// </summary>
public sealed class PubSubClient(HttpClient http, IOptions<PubSubOptions> options)
{
    readonly PubSubOptions settings = options.Value;

    /// <summary>Publishes one message; returns the id Pub/Sub gave it.</summary>
    public async Task<string> Publish(string topic, PubSubMessage message, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Topic(settings.ProjectId, topic);
        var answer = await Send<PublishResponse>(HttpMethod.Post, $"v1/{name}:publish", new PublishRequest([message]), repeatable: false,
            $"publishing to {name}", cancellationToken);
        return answer?.MessageIds is [var id] ? id : throw new PubSubException($"publishing to {name}: Pub/Sub returned no message id", retryable: false);
    }

    /// <summary>Up to <paramref name="maxMessages"/> messages, leased until their ack deadline; none when nothing is waiting.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> Pull(string subscription, int maxMessages, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Subscription(settings.ProjectId, subscription);
        var answer = await Send<PullResponse>(HttpMethod.Post, $"v1/{name}:pull", new PullRequest(maxMessages), repeatable: true,
            $"pulling from {name}", cancellationToken);
        return answer?.ReceivedMessages ?? [];
    }

    public async Task Acknowledge(string subscription, IReadOnlyList<string> ackIds, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Subscription(settings.ProjectId, subscription);
        await Send<JsonElement>(HttpMethod.Post, $"v1/{name}:acknowledge", new AcknowledgeRequest(ackIds), repeatable: true,
            $"acknowledging on {name}", cancellationToken);
    }

    /// <summary>Extends (or, with zero, gives up) the lease of pulled messages: Pub/Sub redelivers them once it ends.</summary>
    public async Task ModifyAckDeadline(string subscription, IReadOnlyList<string> ackIds, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Subscription(settings.ProjectId, subscription);
        await Send<JsonElement>(HttpMethod.Post, $"v1/{name}:modifyAckDeadline",
            new ModifyAckDeadlineRequest(ackIds, (int)Math.Ceiling(deadline.TotalSeconds)), repeatable: true,
            $"changing the ack deadline on {name}", cancellationToken);
    }

    /// <summary>Creates a topic; false when it exists already.</summary>
    public Task<bool> CreateTopic(string topic, CancellationToken cancellationToken)
    {
        var name = PubSubNames.Topic(settings.ProjectId, topic);
        return Create($"v1/{name}", new { }, $"creating {name}", cancellationToken);
    }

    /// <summary>
    /// Creates a subscription to <paramref name="topic"/>: a pull subscription, or a push one to <paramref name="pushEndpoint"/>, whose
    /// pushes carry an OIDC token of <paramref name="pushServiceAccount"/> when one is named. False when it exists already.
    /// </summary>
    public Task<bool> CreateSubscription(string subscription, string topic, TimeSpan ackDeadline, CancellationToken cancellationToken,
        Uri? pushEndpoint = null, string? pushServiceAccount = null, string? pushAudience = null)
    {
        var name = PubSubNames.Subscription(settings.ProjectId, subscription);
        var push = pushEndpoint is null
            ? null
            : new PushConfig(pushEndpoint.ToString(), pushServiceAccount is null ? null : new OidcToken(pushServiceAccount, pushAudience));
        return Create($"v1/{name}", new SubscriptionRequest(PubSubNames.Topic(settings.ProjectId, topic), (int)ackDeadline.TotalSeconds, push),
            $"creating {name}", cancellationToken);
    }

    async Task<bool> Create(string path, object body, string what, CancellationToken cancellationToken)
    {
        try
        {
            await Send<JsonElement>(HttpMethod.Put, path, body, repeatable: true, what, cancellationToken);
            return true;
        }
        catch (PubSubException exists) when (exists.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    async Task<TAnswer?> Send<TAnswer>(HttpMethod method, string path, object body, bool repeatable, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType(), options: PubSubJson.Options) };
        request.Options.Set(IdempotentRetries.Repeatable, repeatable);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            throw new PubSubException($"{what}: Pub/Sub did not answer ({exception.GetType().Name}: {exception.Message})", retryable: true, inner: exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw await Failure(response, what, cancellationToken);
            try
            {
                return await response.Content.ReadFromJsonAsync<TAnswer>(PubSubJson.Options, cancellationToken);
            }
            catch (JsonException exception)
            {
                throw new PubSubException($"{what}: Pub/Sub's answer is not the JSON expected ({exception.Message})", retryable: false, response.StatusCode,
                    inner: exception);
            }
        }
    }

    static async Task<PubSubException> Failure(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        GoogleErrorBody? error = null;
        try
        {
            error = (await response.Content.ReadFromJsonAsync<GoogleError>(PubSubJson.Options, cancellationToken))?.Error;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            // Not Google's error shape (a proxy's page, say): the status code alone has to tell.
        }

        var status = (int)response.StatusCode;
        // 408, 429 and 5xx say nothing about the request itself; Google's ABORTED is its "try the whole thing again".
        var retryable = status is 408 or 429 or >= 500 || error?.Status is "UNAVAILABLE" or "ABORTED" or "RESOURCE_EXHAUSTED" or "DEADLINE_EXCEEDED";
        return new PubSubException($"{what}: Pub/Sub answered {status} {error?.Status ?? response.ReasonPhrase}: {error?.Message ?? "(no message)"}",
            retryable, response.StatusCode, error?.Status);
    }
}
