using Micro.Console.Api;
using Micro.Console.Components;
using Micro.Console.Session;
using Micro.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Micro.Console;

/// <summary>
/// The console at <c>/</c>: Razor components rendered on the server, calling Micro's API like any client, with the signed-in user's
/// token. The gateway and the standalone host compose it; it has no database and no consumers of its own.
/// </summary>
public sealed class ConsoleModule : IMicroModule
{
    public string Name => "console";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddValidatedOptions<ConsoleOptions>(ConsoleOptions.Section);
        module.Services.AddRazorComponents();
        module.Services.AddAntiforgery();
        module.Services.AddDataProtection();
        module.Services.AddHttpContextAccessor();
        module.Services.AddScoped<ConsoleSession>();
        module.Services.AddSingleton<HostWarnings>();
        module.Services.AddSingleton<ApiAddress>();
        module.Services.AddHttpClient<MicroApi>((provider, client) =>
        {
            client.BaseAddress = provider.GetRequiredService<ApiAddress>().Value;
            client.Timeout = provider.GetRequiredService<IOptions<ConsoleOptions>>().Value.ApiTimeout;
        });
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapConsoleAssets();
        endpoints.MapPost("/sign-out", SignOut);
        endpoints.MapRazorComponents<App>();
    }

    /// <summary>Only from the console's own form: another site cannot sign a user out behind their back.</summary>
    static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpContext http, IAntiforgery antiforgery, ConsoleSession session)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Sign-out refused",
                detail: "The request did not come from the console's sign-out button (no valid antiforgery token).");
        }

        session.SignOut();
        return TypedResults.Redirect("/sign-in");
    }
}
