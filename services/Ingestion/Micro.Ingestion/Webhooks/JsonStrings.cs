using System.Buffers;
using System.Text.Json;

namespace Micro.Ingestion.Webhooks;

static class JsonStrings
{
    /// <summary>
    /// Whether every string of a JSON text can be read as text. JSON's grammar allows escapes of lone surrogates (<c>"\ud800"</c>),
    /// which no .NET string read from it can hold; such a payload is refused at the door rather than failing wherever it is read.
    /// </summary>
    public static bool AreReadable(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                    reader.GetString();
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
