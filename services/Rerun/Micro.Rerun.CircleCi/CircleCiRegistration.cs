using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.CircleCi;

public static class CircleCiRegistration
{
    /// <summary>
    /// Registers <see cref="CircleCiClient"/> and <see cref="BranchWorkflowRerun"/> with the <c>CircleCi</c> section (token alias
    /// <c>CIRCLE_CI_TOKEN</c>) validated at start. A missing token is not a start-up error: only the calls that need it fail.
    /// </summary>
    public static IHostApplicationBuilder AddCircleCiBranchRerun(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CircleCiOptions>()
            .BindConfiguration(CircleCiOptions.Section)
            .PostConfigure(options => options.ApplyAliases(builder.Configuration))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CircleCiOptions>, CircleCiOptionsValidation>();
        builder.Services.AddHttpClient<CircleCiClient>();
        builder.Services.AddTransient<BranchWorkflowRerun>();
        return builder;
    }

    sealed class CircleCiOptionsValidation : IValidateOptions<CircleCiOptions>
    {
        public ValidateOptionsResult Validate(string? name, CircleCiOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
