using System.Globalization;

namespace ModelOpsPortal.Features.Portfolio.Engine;

/// <summary>A calendar quarter, written "2026Q3".</summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    public static Quarter Of(DateTime at) => new(at.Year, (at.Month + 2) / 3);

    public DateTime Start => new(Year, (Number - 1) * 3 + 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public DateTime End => Start.AddMonths(3);

    public Quarter Previous => Number == 1 ? new Quarter(Year - 1, 4) : new Quarter(Year, Number - 1);

    /// <summary>The <paramref name="count"/> quarters ending with this one, oldest first.</summary>
    public IReadOnlyList<Quarter> LastOf(int count)
    {
        var list = new List<Quarter> { this };
        while (list.Count < count)
        {
            list.Insert(0, list[0].Previous);
        }

        return list;
    }

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        if (text is not { Length: 6 } || char.ToUpperInvariant(text[4]) != 'Q'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || text[5] is < '1' or > '4')
        {
            return false;
        }

        quarter = new Quarter(year, text[5] - '0');
        return true;
    }

    public int CompareTo(Quarter other) => (Year, Number).CompareTo((other.Year, other.Number));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Number}");
}
