using Micro.ServiceDefaults;

namespace Micro.RunnerBroker.Launching.Webhook;

public static class WebhookLauncherRegistration
{
    public const string HttpClientName = "runner-launcher-webhook";

    public static IHostApplicationBuilder AddWebhookLauncher(this IHostApplicationBuilder host)
    {
        host.Services.AddValidatedOptions<WebhookLauncherOptions>(WebhookLauncherOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) => options.ApplyAliases(configuration));
        host.Services.AddHttpClient(HttpClientName);
        host.Services.AddSingleton<IRunnerLauncher, WebhookLauncher>();
        return host;
    }
}
