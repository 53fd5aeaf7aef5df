using Micro.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Micro.PubSub.Push;

public static class PushRegistration
{
    /// <summary>Registers <see cref="PushAuthentication"/>, configured from <c>PubSub:Push</c>.</summary>
    public static IServiceCollection AddPubSubPush(this IServiceCollection services)
    {
        if (services.Any(service => service.ServiceType == typeof(PushAuthentication)))
            return services;
        services.AddValidatedOptions<PubSubPushOptions>(PubSubPushOptions.Section);
        services.TryAddSingleton<PushAuthentication>();
        return services;
    }
}
