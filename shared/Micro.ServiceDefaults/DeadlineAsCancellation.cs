using Polly.Timeout;

namespace Micro.ServiceDefaults;

/// <summary>Polly reports a call out of time as <see cref="TimeoutRejectedException"/>; callers handle HttpClient's time-out instead.</summary>
sealed class DeadlineAsCancellation : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException timeout)
        {
            throw new TaskCanceledException($"the request took longer than {timeout.Timeout}", new TimeoutException(timeout.Message, timeout));
        }
    }
}
