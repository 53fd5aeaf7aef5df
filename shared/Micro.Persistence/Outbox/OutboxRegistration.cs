using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.Persistence.Outbox;

public static class OutboxRegistration
{
    /// <summary>
    /// Publishes what the service adds to its outbox (<see cref="OutboxModel.AddToOutbox"/>) in <typeparamref name="TContext"/>.
    /// Inject <see cref="OutboxRelay{TContext}"/> to wake it after a commit.
    /// </summary>
    public static IHostApplicationBuilder AddOutboxRelay<TContext>(this IHostApplicationBuilder builder)
        where TContext : DbContext
    {
        builder.Services.AddSingleton<OutboxRelay<TContext>>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<OutboxRelay<TContext>>());
        return builder;
    }
}
