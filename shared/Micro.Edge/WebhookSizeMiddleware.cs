using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

/// <summary>Refuses a webhook whose declared size is over the limit before anything is read or forwarded.</summary>
sealed class WebhookSizeMiddleware(RequestDelegate next, IOptions<EdgeOptions> options)
{
    readonly long limit = options.Value.WebhookBodyLimitBytes;

    public Task InvokeAsync(HttpContext context) =>
        EdgePaths.IsWebhook(context.Request) && context.Request.ContentLength > limit
            ? EdgeProblem.Write(context, StatusCodes.Status413PayloadTooLarge, "Delivery too large", $"The body exceeds {limit} bytes.")
            : next(context);
}
