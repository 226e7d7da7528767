using System.Globalization;
using System.Runtime.CompilerServices;

namespace ModelOpsPortal.Infrastructure.Csv;

/// <summary>
/// Parses a number from UTF-8 bytes with exactly the result of <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>
/// (invariant culture, <see cref="NumberStyles.Float"/>), several times faster for the plain decimals that scoring
/// batches are made of.
/// </summary>
public static class Utf8Number
{
    /// <summary>Up to 15 digits the digits form an integer that a double holds exactly.</summary>
    private const int MaxFastDigits = 15;

    private static ReadOnlySpan<double> PowersOf10 => [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        // Fast path (Clinger): [sign] digits [. digits], at most 15 digits. The digits as an integer and the power of
        // ten are both exact in a double, so one division gives the correctly rounded result.
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        ulong digits = 0;
        int count = 0, decimals = 0;
        var afterPoint = false;
        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d <= 9)
            {
                digits = digits * 10 + d;
                count++;
                decimals += afterPoint ? 1 : 0;
            }
            else if (text[i] == (byte)'.' && !afterPoint)
            {
                afterPoint = true;
            }
            else
            {
                return Slow(text, out value);
            }
        }

        if (count == 0 || count > MaxFastDigits)
        {
            return Slow(text, out value);
        }

        var magnitude = digits / PowersOf10[decimals];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
