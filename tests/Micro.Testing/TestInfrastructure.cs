namespace Micro.Testing;

/// <summary>
/// The real RabbitMQ and PostgreSQL that <c>./test.sh</c> provides: PostgreSQL on loopback, RabbitMQ in a container or on loopback
/// (<see cref="TestBroker"/>). Integration tests never skip: without them they fail and say how to get them.
/// </summary>
public static class TestInfrastructure
{
    public static string PostgresAdmin => Required("MICRO_TEST_POSTGRES");

    /// <summary>The test broker's default virtual host.</summary>
    public static string RabbitMq => TestBroker.Current.ConnectionString;

    /// <summary>The RabbitMQ process <c>./test.sh</c> starts on loopback, where no Docker engine answers.</summary>
    public static string LocalRabbitMq => Required("MICRO_TEST_RABBITMQ");

    static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the tests with ./test.sh, which starts RabbitMQ and PostgreSQL on 127.0.0.1, " +
                "or start them with 'eval \"$(./test.sh --deps-only)\"' and run dotnet test again.");
}
