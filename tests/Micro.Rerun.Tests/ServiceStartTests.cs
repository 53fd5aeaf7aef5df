using System.Net;
using Micro.Testing;

namespace Micro.Rerun.Tests;

public sealed class ServiceStartTests
{
    [Fact]
    public async Task The_service_starts_with_nothing_configured_and_reports_ready()
    {
        var data = Directory.CreateTempSubdirectory("micro-rerun-").FullName;
        await using (var rerun = await TestWebHost.Start(new Dictionary<string, string?> { ["Database:DataDirectory"] = data }, micro => micro.Add(new RerunModule())))
        {
            Assert.Equal(HttpStatusCode.OK, (await rerun.Client.GetAsync("/health/ready")).StatusCode);
            Assert.True(File.Exists(Path.Combine(data, "rerun.db")));
        }

        Directory.Delete(data, recursive: true);
    }
}
