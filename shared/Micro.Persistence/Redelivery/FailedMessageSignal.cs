using Micro.ServiceDefaults;

namespace Micro.Persistence.Redelivery;

/// <summary>Wakes the redelivery relays when a failed message was kept, so a short first delay is honoured without a tight poll.</summary>
sealed class FailedMessageSignal : WakeSignal;
