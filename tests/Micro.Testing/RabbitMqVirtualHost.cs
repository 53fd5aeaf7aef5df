namespace Micro.Testing;

/// <summary>
/// A private virtual host on the test broker, so that a suite's queues and exchanges are its own. Test projects run at once on one
/// broker, and kebab-case queue and exchange names are the same in every process that hosts a module: without this, another
/// suite's replica of the same module would take this suite's messages. Created and deleted with rabbitmqctl on the
/// <see cref="TestBroker"/>, which is a process's own where it runs in a container.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    readonly string name;

    RabbitMqVirtualHost(string name, string connectionString)
    {
        this.name = name;
        ConnectionString = connectionString;
    }

    /// <summary><see cref="TestInfrastructure.RabbitMq"/> with this virtual host as its path.</summary>
    public string ConnectionString { get; }

    public static async Task<RabbitMqVirtualHost> Create(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        await RabbitMqCtl("add_vhost", name);
        await RabbitMqCtl("set_permissions", "-p", name, new Uri(TestInfrastructure.RabbitMq).UserInfo.Split(':')[0], ".*", ".*", ".*");
        var broker = new UriBuilder(TestInfrastructure.RabbitMq) { Path = "/" + Uri.EscapeDataString(name) };
        return new RabbitMqVirtualHost(name, broker.Uri.ToString());
    }

    public async ValueTask DisposeAsync() => await RabbitMqCtl("delete_vhost", name);

    static Task RabbitMqCtl(params string[] arguments) => TestBroker.Current.RabbitMqCtl(arguments);
}
