namespace Micro.EndToEnd.Tests.Terraform;

/// <summary>
/// Just enough of HCL's syntax to read object literals out of a .tf file without Terraform or a provider: keys (names or
/// quoted), nested objects, and every other value kept as its source text. Strings with interpolations
/// (<c>"${x["y"]}"</c>) and comments are skipped over whole, so braces and quotes inside them do not count.
/// </summary>
sealed class HclText(string text)
{
    /// <summary>The object assigned to <paramref name="name"/> (<c>name = { ... }</c>), the first one in the file.</summary>
    public HclObject Object(string name)
    {
        for (var position = 0; position < text.Length; position = Skip(position))
        {
            if (IsNameAt(position, name) && (position == 0 || !IsNameCharacter(text[position - 1])))
            {
                var after = SkipSpace(position + name.Length);
                if (after < text.Length && text[after] == '=' && text[SkipSpace(after + 1)] == '{')
                    return ParseObject(SkipSpace(after + 1), out _);
            }
        }

        throw new InvalidOperationException($"no object '{name} = {{ ... }}' in the file");
    }

    /// <summary>The body of the block whose header is <paramref name="header"/> (e.g. <c>variable "region"</c>), as an object.</summary>
    public HclObject Block(string header)
    {
        var start = text.IndexOf(header + " {", StringComparison.Ordinal);
        return start < 0 ? throw new InvalidOperationException($"no block '{header}' in the file") : ParseObject(start + header.Length + 1, out _);
    }

    bool IsNameAt(int position, string name) =>
        string.CompareOrdinal(text, position, name, 0, name.Length) == 0
        && (position + name.Length >= text.Length || !IsNameCharacter(text[position + name.Length]));

    static bool IsNameCharacter(char character) => char.IsLetterOrDigit(character) || character is '_' or '-';

    HclObject ParseObject(int open, out int end)
    {
        var entries = new Dictionary<string, object>(StringComparer.Ordinal);
        var position = SkipSpace(open + 1);
        while (text[position] != '}')
        {
            string key;
            if (text[position] == '"')
            {
                var close = SkipString(position);
                key = text[(position + 1)..(close - 1)];
                position = close;
            }
            else
            {
                var start = position;
                while (IsNameCharacter(text[position]))
                    position++;
                key = text[start..position];
                if (key.Length == 0)
                    throw new FormatException($"expected a key at {Describe(position)}");
            }

            position = SkipSpace(position);
            // A nested block (validation { ... }, lifecycle { ... }, dynamic "env" { ... }): its labels join its name.
            while (text[position] == '"')
            {
                var close = SkipString(position);
                key += " " + text[position..close];
                position = SkipSpace(close);
            }

            if (text[position] == '{')
            {
                entries[key] = ParseObject(position, out position);
                position = SkipSpace(position);
                continue;
            }

            if (text[position] is not ('=' or ':'))
                throw new FormatException($"expected '=' after {key} at {Describe(position)}");
            position = SkipSpace(position + 1);
            if (text[position] == '{' && !IsForExpression(position))
            {
                entries[key] = ParseObject(position, out position);
            }
            else
            {
                var start = position;
                position = SkipExpression(position);
                entries[key] = text[start..position].Trim();
            }

            position = SkipSpace(position);
            if (text[position] == ',')
                position = SkipSpace(position + 1);
        }

        end = position + 1;
        return new HclObject(entries);
    }

    bool IsForExpression(int open)
    {
        var next = SkipSpace(open + 1);
        return IsNameAt(next, "for");
    }

    /// <summary>A value's end: the end of its line (or a comma) outside any bracket, string or comment.</summary>
    int SkipExpression(int position)
    {
        var depth = 0;
        while (position < text.Length)
        {
            var character = text[position];
            if (depth == 0 && (character is '\n' or ',' or '}' || IsCommentAt(position)))
                return position;
            if (character is '(' or '[' or '{')
                depth++;
            else if (character is ')' or ']' or '}')
                depth--;
            position = Skip(position);
        }

        return position;
    }

    /// <summary>The position after the token at <paramref name="position"/>: a whole string or comment, else one character.</summary>
    int Skip(int position) =>
        text[position] == '"' ? SkipString(position)
        : IsCommentAt(position) ? SkipComment(position)
        : position + 1;

    bool IsCommentAt(int position) =>
        text[position] == '#' || (text[position] == '/' && position + 1 < text.Length && text[position + 1] is '/' or '*');

    int SkipComment(int position)
    {
        if (text[position] == '/' && text[position + 1] == '*')
            return text.IndexOf("*/", position + 2, StringComparison.Ordinal) + 2;
        var end = text.IndexOf('\n', position);
        return end < 0 ? text.Length : end;
    }

    /// <summary>From an opening quote to after its closing one, interpolations (which may hold strings) included.</summary>
    int SkipString(int open)
    {
        var position = open + 1;
        while (text[position] != '"')
        {
            if (text[position] == '\\')
            {
                position += 2;
            }
            else if (text[position] == '$' && text[position + 1] == '{')
            {
                var depth = 0;
                position++;
                do
                {
                    if (text[position] == '{')
                        depth++;
                    else if (text[position] == '}')
                        depth--;
                    position = text[position] == '"' ? SkipString(position) : position + 1;
                }
                while (depth > 0);
            }
            else
            {
                position++;
            }
        }

        return position + 1;
    }

    int SkipSpace(int position)
    {
        while (position < text.Length && (char.IsWhiteSpace(text[position]) || IsCommentAt(position)))
            position = IsCommentAt(position) ? SkipComment(position) : position + 1;
        return position;
    }

    string Describe(int position) => $"line {text[..position].Count(character => character == '\n') + 1}";
}

/// <summary>An HCL object literal: each key's value is a nested <see cref="HclObject"/> or the value's source text.</summary>
sealed class HclObject(IReadOnlyDictionary<string, object> entries)
{
    public IEnumerable<string> Keys => entries.Keys;

    public HclObject Object(string key) =>
        entries.TryGetValue(key, out var value) && value is HclObject nested ? nested : throw new KeyNotFoundException($"no object '{key}'");

    public string Text(string key) =>
        entries.TryGetValue(key, out var value) && value is string source ? source : throw new KeyNotFoundException($"no value '{key}'");

    /// <summary>A quoted value without its quotes.</summary>
    public string String(string key) => Text(key) is ['"', .. var inner, '"'] ? inner : throw new FormatException($"'{key}' is not a plain string: {Text(key)}");
}
