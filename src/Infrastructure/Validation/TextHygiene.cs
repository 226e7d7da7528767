using System.Globalization;
using System.Text;

namespace ModelOpsPortal.Infrastructure.Validation;

/// <summary>
/// What text the portal stores: NFC-normalised (so "é" typed two ways is one name), without control characters other than
/// tab and line breaks (a NUL truncates the name in some tools and logs), without the bidirectional overrides and isolates
/// that make a name display differently from what it is (U+202A–U+202E, U+2066–U+2069), without unpaired surrogates, and
/// never made only of invisible characters (a zero-width space is not a name).
/// </summary>
public static class TextHygiene
{
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return HasUnpairedSurrogate(value) || value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
    }

    /// <summary>Why the text cannot be stored, or null when it can.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return ValidationText.Format(ValidationText.ForbiddenCharacter, $"U+{(int)c:X4}", i + 1);
            }
        }

        // Plain spaces are left to trimming and the field's own "required" rule; zero-width characters are not spaces.
        return value.Any(IsFormat) && value.All(c => char.IsWhiteSpace(c) || IsFormat(c)) ? ValidationText.InvisibleOnly : null;
    }

    private static bool IsFormat(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool HasUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
