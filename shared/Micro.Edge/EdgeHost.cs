namespace Micro.Edge;

/// <summary>Which door the edge policies guard; the standalone host may stay open without tokens while only loopback can reach it.</summary>
public enum EdgeHost
{
    Gateway,
    Standalone,
}
