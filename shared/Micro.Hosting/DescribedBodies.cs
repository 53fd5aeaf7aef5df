using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Micro.Hosting;

/// <summary>
/// Describes the JSON body of an endpoint that reads its body itself (to check a signature first, or to name the faulty field). Only the
/// document learns of it: <c>.Accepts&lt;T&gt;()</c> would also make routing refuse other content types with 415, changing what callers get.
/// </summary>
public static class DescribedBodies
{
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken) },
                },
            });
}
