using Micro.Messaging;
using Micro.Persistence.Sagas;
using Micro.ServiceDefaults;

namespace Micro.Rerun.CircleCi;

/// <summary>The CircleCI half of the rerun service: branch re-runs from the API and from pull-request rules, serialized per workflow.</summary>
static class CircleCiRerunsModule
{
    public static IHostApplicationBuilder AddCircleCiReruns(this IHostApplicationBuilder builder)
    {
        builder.AddCircleCiBranchRerun();
        builder.Services.AddValidatedOptions<CircleCiRerunOptions>(CircleCiRerunOptions.Section);
        builder.Services.AddScoped<CircleCiRerunIntake>();
        builder.Services.AddScoped<CircleCiRerunClaims>();
        builder.Services.AddHostedService<CircleCiRerunSweeper>();
        builder.Services.AddHostedService<CircleCiRerunReport>();
        builder.AddBusParticipant(bus =>
        {
            bus.AddSagaStateMachine<CircleCiWorkflowRerunStateMachine, CircleCiWorkflowRerunState>(typeof(CircleCiWorkflowRerunStateDefinition))
                .StoredIn<CircleCiWorkflowRerunState, RerunDbContext>();
            bus.AddConsumer<CircleCiRerunExecutor>();
            bus.AddConsumer<CircleCiRerunCoalescer>();
            bus.AddConsumer<CircleCiRerunTrigger>();
        });
        return builder;
    }
}
