using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;

namespace Micro.PubSub.Tests;

/// <summary>
/// Authenticated push, checked as Google's documentation asks: a token signed by Google's keys (served here by a stand-in for Google's
/// certificates endpoint), for the configured audience and service account, not expired. Anything else is refused with 401, which Pub/Sub
/// treats as not acknowledged: the message waits for a correct configuration rather than being lost.
/// </summary>
public sealed class PushAuthenticationFixture : IAsyncLifetime
{
    public const string Audience = "https://micro.example.com/webhooks/pubsub";

    readonly string directory = Directory.CreateTempSubdirectory("micro-pubsub-auth-").FullName;

    public GoogleTokenIssuer Google { get; private set; } = null!;

    public IngestionHost Ingestion { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Google = await GoogleTokenIssuer.Start();
        Ingestion = await IngestionHost.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = directory,
            ["Messaging:Transport"] = "InMemory",
            ["PubSub:Push:Audience"] = Audience,
            ["PubSub:Push:ServiceAccountEmail"] = GoogleTokenIssuer.ServiceAccount,
            ["PubSub:Push:CertificatesUrl"] = Google.CertificatesUrl.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await Ingestion.DisposeAsync();
        await Google.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class PushAuthenticationTests(PushAuthenticationFixture fixture) : IClassFixture<PushAuthenticationFixture>
{
    const string Audience = PushAuthenticationFixture.Audience;

    GoogleTokenIssuer Google => fixture.Google;

    IngestionHost Ingestion => fixture.Ingestion;

    [Fact]
    public async Task A_push_with_a_valid_google_token_is_accepted()
    {
        var id = $"{Random.Shared.NextInt64(1_000_000, 9_999_999)}";
        var response = await Ingestion.Push(IngestionHost.Envelope(id, "{}"), Google.Token(Audience));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(await Ingestion.PubSubDeliveries(), d => d.DeliveryId == $"pubsub:{id}");
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "no token", "no Authorization header" },
        { "wrong audience", "not valid" },
        { "wrong service account", "not the configured PubSub:Push:ServiceAccountEmail" },
        { "unverified email", "not verified" },
        { "signed by another key", "not valid" },
        { "expired", "not valid" },
        { "not issued by Google", "not valid" },
        { "not a bearer token", "not a Bearer token" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_push_without_a_valid_token_is_refused_401_and_not_stored(string flaw, string reason)
    {
        using var stranger = RSA.Create(2048);
        var id = $"{Random.Shared.NextInt64(1_000_000, 9_999_999)}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/pubsub") { Content = new StringContent(IngestionHost.Envelope(id, "{}")) };
        var token = flaw switch
        {
            "no token" => null,
            "wrong audience" => Google.Token("https://elsewhere.example.com/push"),
            "wrong service account" => Google.Token(Audience, email: "intruder@other-project.iam.gserviceaccount.com"),
            "unverified email" => Google.Token(Audience, emailVerified: false),
            "signed by another key" => Google.Token(Audience, signer: stranger),
            "expired" => Google.Token(Audience, expiresIn: TimeSpan.FromMinutes(-10)),
            "not issued by Google" => Google.Token(Audience, issuer: "https://issuer.example.com"),
            _ => "skip",
        };
        if (flaw == "not a bearer token")
            request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        else if (token is not null)
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        var response = await Ingestion.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains(reason, problem!.Detail);
        Assert.DoesNotContain(await Ingestion.PubSubDeliveries(), d => d.DeliveryId == $"pubsub:{id}");
    }
}
