using Micro.Hosting;
using Micro.Testing;

namespace Micro.Messaging.Tests;

/// <summary>The composition API refuses what would silently never work: a consumer registered once the bus is configured.</summary>
public sealed class CompositionTests
{
    [Fact]
    public async Task A_consumer_registered_after_the_bus_is_configured_fails_with_a_message_naming_it()
    {
        ModuleBuilder? kept = null;
        var data = Directory.CreateTempSubdirectory("micro-composition-").FullName;
        try
        {
            await using var host = await TestWebHost.Start(new Dictionary<string, string?> { ["Database:DataDirectory"] = data },
                micro => micro.Add("late", module => kept = module));

            var refused = Assert.Throws<InvalidOperationException>(() => kept!.AddConsumer<ChargeCardConsumer>());

            Assert.Contains("ChargeCardConsumer", refused.Message);
            Assert.Contains("after the host was built", refused.Message);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void Two_modules_of_one_name_are_refused()
    {
        var micro = MicroHostBuilder.Create([]);
        micro.Add("twin", _ => { });

        var refused = Assert.Throws<InvalidOperationException>(() => micro.Add("twin", _ => { }));

        Assert.Contains("twin", refused.Message);
    }
}
