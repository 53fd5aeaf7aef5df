using Micro.GitHub;
using Micro.CircleCi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.Cli;

/// <summary><c>micro-rerun rerun-branch</c>: the old tool's run, directly against GitHub and CircleCI (no bus, no database).</summary>
static class RerunBranchCommand
{
    public static async Task<int> Run(TextWriter output, TextWriter errors)
    {
        try
        {
            var request = OldToolEnvironment.Read(Environment.GetEnvironmentVariable);
            using var host = BuildHost();
            var procedure = Configured(host.Services);

            output.WriteLine($"looking for the branch of {request.Repository} starting with '{request.BranchPrefix}'" +
                             (request.DryRun ? " (dry run)" : ""));
            var outcome = await procedure.Run(request, CancellationToken.None);
            Report(outcome, request, outcome.IsError ? errors : output, output);
            return outcome.IsError ? ExitCodes.Failed : ExitCodes.Success;
        }
        catch (Exception problem) when (problem is ConfigurationProblem or OptionsValidationException)
        {
            errors.WriteLine($"configuration error: {problem.Message}");
            return ExitCodes.Usage;
        }
    }

    static IHost BuildHost()
    {
        // The content root is the tool's own folder, so an appsettings.json in the CI step's working directory is not picked up.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.AddCircleCiBranchRerun();
        return builder.Build();
    }

    static BranchWorkflowRerun Configured(IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<CircleCiOptions>>().Value.IsConfigured)
            throw new ConfigurationProblem($"{CircleCiOptions.TokenAlias} is not set");
        if (!services.GetRequiredService<GitHubClient>().IsConfigured)
            throw new ConfigurationProblem("GITHUB_TOKEN is not set");
        return services.GetRequiredService<BranchWorkflowRerun>();
    }

    static void Report(BranchRerunOutcome outcome, BranchRerunRequest request, TextWriter conclusion, TextWriter progress)
    {
        if (outcome.Branch is { } branch)
            progress.WriteLine($"found branch {branch}");
        if (outcome.Pipeline is { } pipeline)
            progress.WriteLine($"found pipeline {pipeline.Number} ({pipeline.Id}) created {pipeline.CreatedAt:u}");
        if (outcome.Workflow is { } workflow)
            progress.WriteLine($"found workflow {workflow.Name} ({workflow.Id}) with status {workflow.Status}");
        var label = outcome.IsError ? "error: " : outcome.Kind == BranchRerunOutcomeKind.NoBranch ? "warning: " : "";
        conclusion.WriteLine(label + outcome.Describe(request));
    }
}
