using Micro.Edge;
using Micro.Hosting;
using Micro.Messaging;
using Micro.Persistence.Database;
using Micro.PubSub.Push;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Micro.Standalone;

/// <summary>
/// Tells a newcomer, once the host listens, where Micro is and where its data lives. What is not configured is said by each
/// module at start (webhook secrets, API tokens), in the same words as when it runs alone.
/// </summary>
sealed partial class StandaloneReportService(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<DatabaseOptions> database,
    IOptions<MessagingOptions> messaging,
    ILogger<StandaloneReportService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void Report()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        LogReady(logger, string.Join(", ", addresses), messaging.Value.Transport, database.Value.Provider, Path.GetFullPath(database.Value.DataDirectory));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Micro standalone is ready on {Addresses} ({Transport} bus, {Provider} data in {DataDirectory})")]
    static partial void LogReady(ILogger logger, string addresses, MessageTransport transport, DatabaseProvider provider, string dataDirectory);
}

/// <summary>The standalone host's own part: the report above.</summary>
sealed class StandaloneReport : IMicroModule
{
    public string Name => "standalone";

    public void Register(ModuleBuilder module)
    {
        module.Services.AddHostedService<StandaloneReportService>();
        // Unauthenticated Pub/Sub pushes start git workflows with Micro's git token: a trial convenience that, like the open API, is
        // the default only while the host listens on loopback alone. Set explicitly, the setting is taken as given (and warned about).
        if (module.Configuration[$"{PubSubPushOptions.Section}:{nameof(PubSubPushOptions.AllowUnauthenticated)}"] is null
            && ListenAddresses.AreLoopbackOnly(ListenAddresses.Of(module.Configuration)))
        {
            module.Services.PostConfigure<PubSubPushOptions>(push => push.AllowUnauthenticated = true);
        }
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
