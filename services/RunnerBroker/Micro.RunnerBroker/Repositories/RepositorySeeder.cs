using Microsoft.Extensions.Options;

namespace Micro.RunnerBroker.Repositories;

/// <summary>Writes <c>RunnerBroker:Repositories</c> to the database at start (after the schema is up to date: registered after it).</summary>
sealed class RepositorySeeder(RepositoryMappings mappings, IOptions<RunnerBrokerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => mappings.Seed(options.Value.Repositories, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
