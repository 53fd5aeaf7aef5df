using Micro.GitHub;
using Micro.Hosting;
using Micro.RunnerBroker.Repositories;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micro.RunnerBroker.Api;

/// <summary>
/// The repository mapping: <c>/api/runners/repositories</c>, and the original app's <c>/repositories/{username}</c>, which works this
/// time (<c>POST</c> replaces the user's list, as its README promised).
/// </summary>
static class RepositoryEndpoints
{
    const int MaxRepositories = 1000;

    public static RouteGroupBuilder MapRepositoryMapping(this RouteGroupBuilder api)
    {
        var repositories = api.MapGroup("/repositories").WithTags("Repository mapping");
        repositories.MapGet("/", async (RepositoryMappings mappings, CancellationToken cancellationToken) =>
            TypedResults.Ok(new RepositoryMappingList((await mappings.List(null, cancellationToken)).Select(View).ToList())))
            .WithSummary("Every repository and the launcher user its runners run as");
        repositories.MapPut("/{owner}/{repo}", Map).WithSummary("Map a repository to a launcher user")
            .WithJsonBody<MapRepositoryRequest>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        repositories.MapDelete("/{owner}/{repo}", Unmap).WithSummary("Unmap a repository").ProducesProblem(StatusCodes.Status404NotFound);
        return repositories;
    }

    public static IEndpointRouteBuilder MapOriginalRepositoryPaths(this IEndpointRouteBuilder endpoints)
    {
        var user = endpoints.MapGroup("/repositories/{username}").WithTags("Repository mapping (original paths)");
        user.MapGet("/", ListOfUser).WithSummary("The repositories mapped to a user (the original app's path)");
        user.MapPost("/", ReplaceOfUser).WithSummary("Replace the repositories mapped to a user (the original app's path)")
            .WithJsonBody<UserRepositoriesRequest>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return endpoints;
    }

    static async Task<Results<Ok<RepositoryMappingView>, Created<RepositoryMappingView>, ValidationProblem, ProblemHttpResult>> Map(
        RepositoryMappings mappings, string owner, string repo, HttpRequest http, CancellationToken cancellationToken)
    {
        var (request, refusal) = await JsonBody.Read<MapRepositoryRequest>(http, """{"user": "ci-runner"}""", cancellationToken);
        if (refusal is not null)
            return refusal;
        var repository = $"{owner}/{repo}";
        var errors = new Dictionary<string, string[]>();
        if (!GitHubPaths.IsRepository(repository))
            errors["repository"] = [$"'{repository}' is not a repository name of the form owner/name"];
        if (!LauncherUsers.IsValid(request?.User))
            errors["user"] = [$"user is required: the launcher user the repository's runners run as ({LauncherUsers.Rule})"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var (mapping, existed) = await mappings.Map(repository, request!.User!, cancellationToken);
        var view = View(mapping);
        return existed ? TypedResults.Ok(view) : TypedResults.Created($"/api/runners/repositories/{owner}/{repo}", view);
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Unmap(RepositoryMappings mappings, string owner, string repo, CancellationToken cancellationToken) =>
        await mappings.Unmap($"{owner}/{repo}", cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown repository", detail: $"{owner}/{repo} is not mapped.");

    /// <summary>The repositories mapped to the user, as the original answered: a JSON array of names.</summary>
    static async Task<Results<Ok<List<string>>, ValidationProblem>> ListOfUser(RepositoryMappings mappings, string username, CancellationToken cancellationToken)
    {
        if (!LauncherUsers.IsValid(username))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["username"] = [$"username must be a launcher user name ({LauncherUsers.Rule})"] });
        return TypedResults.Ok((await mappings.List(username, cancellationToken)).Select(mapping => mapping.Repository).ToList());
    }

    static async Task<Results<Ok<List<string>>, ValidationProblem, ProblemHttpResult>> ReplaceOfUser(
        RepositoryMappings mappings, string username, HttpRequest http, CancellationToken cancellationToken)
    {
        var (request, refusal) = await JsonBody.Read<UserRepositoriesRequest>(http, """{"repositories": ["owner/name"]}""", cancellationToken);
        if (refusal is not null)
            return refusal;
        var errors = new Dictionary<string, string[]>();
        if (!LauncherUsers.IsValid(username))
            errors["username"] = [$"username must be a launcher user name ({LauncherUsers.Rule})"];
        if (request?.Repositories is not { } repositories)
            errors["repositories"] = ["repositories is required: the complete list of owner/name repositories mapped to the user"];
        else if (repositories.Count > MaxRepositories)
            errors["repositories"] = [$"at most {MaxRepositories} repositories"];
        else if (repositories.FindIndex(repository => !GitHubPaths.IsRepository(repository)) is var invalid and >= 0)
            errors["repositories"] = [$"repositories[{invalid}]: '{repositories[invalid]}' is not a repository name of the form owner/name"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        await mappings.Replace(username, request!.Repositories!.Select(repository => repository!).ToList(), cancellationToken);
        return TypedResults.Ok((await mappings.List(username, cancellationToken)).Select(mapping => mapping.Repository).ToList());
    }

    static RepositoryMappingView View(RepositoryMapping mapping) => new(mapping.Repository, mapping.User, mapping.UpdatedAt);
}
