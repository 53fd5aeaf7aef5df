namespace Micro.CircleCi;

public sealed class CircleCiNotConfiguredException()
    : Exception($"no CircleCI token is configured: set {CircleCiOptions.Section}:{nameof(CircleCiOptions.Token)} (or {CircleCiOptions.TokenAlias})");
