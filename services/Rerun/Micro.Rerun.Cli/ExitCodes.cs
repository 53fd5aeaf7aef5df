namespace Micro.Rerun.Cli;

static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The re-run failed: an API error, or more than one branch matched.</summary>
    public const int Failed = 1;

    /// <summary>Called wrongly or not configured: a missing variable, an unknown command.</summary>
    public const int Usage = 2;
}
