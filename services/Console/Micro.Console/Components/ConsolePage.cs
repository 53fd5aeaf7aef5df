using System.Net;
using System.Text.Json;
using Micro.Console.Api;
using Micro.Console.Session;
using Microsoft.AspNetCore.Components;

namespace Micro.Console.Components;

/// <summary>
/// What every console page does with the API: loads with the session's token, sends the user to sign in when the API refuses it,
/// and turns refusals into messages on the page (an admin action tried with a pipeline token says so).
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    readonly List<string> errors = [];

    [Inject] protected MicroApi Api { get; set; } = default!;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [Inject] protected ConsoleSession Session { get; set; } = default!;

    [CascadingParameter] protected HttpContext? Http { get; set; }

    public string? Notice { get; protected set; }

    public IReadOnlyList<string> Errors => errors;

    protected CancellationToken Aborted => Http?.RequestAborted ?? CancellationToken.None;

    /// <summary>Loads what a page shows; a failure becomes one of the page's errors (unless <paramref name="missingIsEmpty"/> and 404).</summary>
    protected async Task<T?> Load<T>(string path, bool missingIsEmpty = false)
        where T : class
    {
        var result = await Api.Get<T>(path, Aborted);
        if (result.Unauthorized)
            SignInAgain();
        if (!result.Succeeded && !(missingIsEmpty && result.NotFound))
            errors.Add(result.Problem ?? $"{path}: {(int)result.Status}");
        return result.Succeeded ? result.Value : null;
    }

    /// <summary>Runs an action; says what happened in <see cref="Notice"/> or the errors. Returns the answer when it succeeded.</summary>
    protected async Task<ApiResult<JsonElement>> Act(Task<ApiResult<JsonElement>> call, string done)
    {
        var result = await call;
        if (result.Unauthorized)
            SignInAgain();
        if (result.Succeeded)
            Notice = done;
        else if (result.Forbidden)
            errors.Add($"Refused: this is an admin action and the console is signed in with a pipeline token. Sign in with an admin token (Gateway:AdminTokens) to do it. ({result.Problem})");
        else if (result.Status != HttpStatusCode.Conflict || result.Value.ValueKind != JsonValueKind.Object)
            errors.Add(result.Problem ?? $"{(int)result.Status}");
        return result;
    }

    protected void Fail(string message) => errors.Add(message);

    protected static string Escape(string segment) => Uri.EscapeDataString(segment);

    void SignInAgain() => Navigation.NavigateTo($"/sign-in?returnUrl={Uri.EscapeDataString(Navigation.ToBaseRelativePath(Navigation.Uri))}");
}
