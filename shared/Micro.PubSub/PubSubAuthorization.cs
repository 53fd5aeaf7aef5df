using System.Net.Http.Headers;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace Micro.PubSub;

/// <summary>
/// Adds a Google access token (scope <c>pubsub</c>) to each call; none for the emulator. The credential is loaded on first use, so a
/// host that never calls Pub/Sub needs none, and Google.Apis.Auth refreshes its token before it expires.
/// </summary>
sealed class PubSubAuthorization(IOptions<PubSubOptions> options) : DelegatingHandler
{
    const string Scope = "https://www.googleapis.com/auth/pubsub";

    readonly Lazy<Task<ITokenAccess>> credential = new(() => Load(options.Value));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!options.Value.UsesEmulator)
        {
            string token;
            try
            {
                token = await (await credential.Value).GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new PubSubException($"no Google access token for Pub/Sub ({exception.GetType().Name}: {exception.Message}); " +
                    "set PubSub:CredentialsFile, GOOGLE_APPLICATION_CREDENTIALS, or PubSub:EmulatorHost", retryable: false, inner: exception);
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    static async Task<ITokenAccess> Load(PubSubOptions settings)
    {
        var loaded = settings.CredentialsFile is { Length: > 0 } file
            ? (await CredentialFactory.FromFileAsync<ServiceAccountCredential>(file, CancellationToken.None)).ToGoogleCredential()
            : await GoogleCredential.GetApplicationDefaultAsync();
        return loaded.CreateScoped(Scope);
    }
}
