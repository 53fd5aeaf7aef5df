using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Micro.Persistence.Sagas;

public static class SagaModel
{
    /// <summary>Maps a saga's state to a table keyed by its correlation id, which the saga (not the database) assigns.</summary>
    public static EntityTypeBuilder<TSaga> SagaInstances<TSaga>(this ModelBuilder model, string table)
        where TSaga : class, ISaga
    {
        var entity = model.Entity<TSaga>();
        entity.ToTable(table);
        entity.HasKey(saga => saga.CorrelationId);
        entity.Property(saga => saga.CorrelationId).ValueGeneratedNever();
        return entity;
    }
}
