using Micro.Edge;
using Microsoft.AspNetCore.Antiforgery;
using Micro.Messaging;
using Micro.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Hosting;

/// <summary>
/// Composes a Micro host from modules: a service alone, the gateway, the standalone host with every service, and the test hosts.
/// It applies, in this order, the service defaults, the door's policies (or, behind the door, the internal callers' check), each module's
/// registrations, and messaging last, so that every consumer a module registers is on the bus; then the middleware and each
/// module's endpoints.
/// </summary>
public sealed class MicroHostBuilder
{
    readonly List<IMicroModule> modules = [];
    EdgeHost? door;

    MicroHostBuilder(WebApplicationBuilder web) => Web = web;

    /// <summary>The underlying builder, for what is about hosting rather than Micro (URLs, configuration sources).</summary>
    public WebApplicationBuilder Web { get; }

    public IConfigurationManager Configuration => Web.Configuration;

    public IServiceCollection Services => Web.Services;

    public static MicroHostBuilder Create(string[] args) => new(WebApplication.CreateBuilder(args));

    public static MicroHostBuilder Create(WebApplicationOptions options) => new(WebApplication.CreateBuilder(options));

    /// <summary>Listens on <paramref name="url"/> unless the operator chose an address the standard way.</summary>
    public MicroHostBuilder ListenByDefaultOn(string url)
    {
        Web.ListenByDefaultOn(url);
        return this;
    }

    /// <summary>
    /// This host is the public door (the gateway, the standalone host): API tokens, rate limits, request ids, webhook size. A host that
    /// is not serves behind the gateway, and answers <c>/api/**</c> only to the gateway once <c>Internal:Token</c> is set.
    /// </summary>
    public MicroHostBuilder AsDoor(EdgeHost host = EdgeHost.Gateway)
    {
        door = host;
        return this;
    }

    public MicroHostBuilder Add(IMicroModule module)
    {
        if (modules.Any(existing => existing.Name == module.Name))
            throw new InvalidOperationException($"A module named '{module.Name}' is already part of this host.");
        modules.Add(module);
        return this;
    }

    /// <summary>Adds a module written inline.</summary>
    public MicroHostBuilder Add(string name, Action<ModuleBuilder> register, Action<IEndpointRouteBuilder>? map = null) =>
        Add(new DelegateModule(name, register, map));

    public WebApplication Build()
    {
        Web.AddServiceDefaults();
        if (door is { } edge)
            Web.AddEdge(edge);
        else
            Web.AddInternalCallers();

        var registered = modules.Select(module =>
        {
            var builder = new ModuleBuilder(module.Name, Web);
            module.Register(builder);
            return (Module: module, Builder: builder);
        }).ToList();

        ModuleDocuments.Add(Web.Services, modules);
        if (registered.Any(entry => entry.Builder.UsesBus))
            Web.AddMessaging();
        foreach (var (_, builder) in registered)
            builder.Seal();

        var app = Web.Build();
        app.UseServiceDefaults();
        if (door is not null)
            app.UseEdge();
        // A module with forms (the console) registers antiforgery; its check runs once routing has chosen the endpoint.
        if (app.Services.GetService<IAntiforgery>() is not null)
            app.UseAntiforgery();
        foreach (var (module, builder) in registered)
        {
            // The module's endpoints carry its name, which puts them in its own API document.
            var endpoints = app.MapGroup("").WithGroupName(module.Name);
            module.Map(endpoints);
            builder.MapDeadLetters(endpoints);
        }

        ModuleDocuments.Map(app);
        if (door is not null)
            ApiReference.Map(app);

        return app;
    }
}
