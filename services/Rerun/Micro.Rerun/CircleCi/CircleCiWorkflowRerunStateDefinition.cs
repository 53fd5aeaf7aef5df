using MassTransit;

namespace Micro.Rerun.CircleCi;

public sealed class CircleCiWorkflowRerunStateDefinition : SagaDefinition<CircleCiWorkflowRerunState>
{
    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CircleCiWorkflowRerunState> sagaConfigurator,
        IRegistrationContext context)
    {
        // Replicas that create the same instance at once collide on its key; the loser's retry finds the winner's row. Quick
        // retries here, inside the service-wide ones, keep a burst of triggers from spending those on mere collisions.
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(10, 50, 100, 250));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
