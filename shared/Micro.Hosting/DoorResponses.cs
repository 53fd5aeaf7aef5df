using Micro.Edge;
using Micro.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Micro.Hosting;

/// <summary>
/// What the door answers before a service sees the request, on the operations it guards: the token requirement and its 401, the 403 of
/// an admin action asked with a pipeline token, the 429 of the rate limit, and the 413 of an oversized webhook. One place, so every
/// endpoint's description shows them without each endpoint declaring them.
/// </summary>
sealed class DoorResponses : IOpenApiOperationTransformer
{
    const string ProblemSchema = nameof(ProblemDetails);

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = new PathString("/" + context.Description.RelativePath?.Split('?')[0]);
        var method = context.Description.HttpMethod ?? "";
        var guarded = ApiPaths.Cover(path);
        var webhook = path.StartsWithSegments("/webhooks");
        if ((!guarded && !webhook) || context.Document is not { } document)
            return;

        document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
        var problem = new OpenApiSchemaReference(ProblemSchema, document);
        operation.Responses ??= [];
        if (webhook)
        {
            Add(operation, StatusCodes.Status413PayloadTooLarge, "The body is over the door's webhook limit (Gateway:WebhookBodyLimitBytes).", problem);
            return;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ModuleDocumentInfo.TokenScheme, document)] = [] });
        Add(operation, StatusCodes.Status401Unauthorized, "No API token, or one that is not configured.", problem);
        Add(operation, StatusCodes.Status429TooManyRequests, "Over the rate limit (Gateway:RateLimit); Retry-After says when to try again.", problem);
        if (AdminActions.Routes.Any(route => route.Matches(method, path)))
        {
            operation.Description = $"Admin action: needs an admin token.\n\n{operation.Description}".TrimEnd();
            Add(operation, StatusCodes.Status403Forbidden, "A pipeline token was sent; this admin action needs an admin token.", problem);
        }
    }

    static void Add(OpenApiOperation operation, int status, string description, IOpenApiSchema problem) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
        });
}
