using System.Security.Cryptography;
using System.Text;

namespace Micro.Persistence.Sagas;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same name in the same namespace gives the same id in every replica and across
/// restarts, so a saga or row is found from its natural key without asking the database first.
/// </summary>
public static class NameBasedId
{
    public static Guid Of(Guid @namespace, string name)
    {
        var nameLength = Encoding.UTF8.GetByteCount(name);
        var input = nameLength <= 1024 ? stackalloc byte[16 + nameLength] : new byte[16 + nameLength];
        @namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
