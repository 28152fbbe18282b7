namespace IamKeyHygiene.Emulator.State;

/// <summary>
/// The emulator's data clock: wall time plus an offset the control API moves forward. Ages, last use,
/// reports and session expiry read it; SigV4 skew never does (it checks the wall clock).
/// </summary>
public sealed class DataClock
{
    private readonly TimeProvider wall;
    private long offsetTicks;

    public DataClock(TimeProvider wall)
    {
        this.wall = wall;
    }

    public DateTimeOffset WallNow => wall.GetUtcNow();

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public DateTimeOffset Now => WallNow + Offset;

    /// <summary>Moves the data clock forward by (fractional) days; it never moves back.</summary>
    public void Advance(double days)
    {
        if (double.IsNaN(days) || days < 0 || days > 36500)
        {
            throw new ArgumentOutOfRangeException(nameof(days), "advanceDays must be between 0 and 36500.");
        }

        Interlocked.Add(ref offsetTicks, TimeSpan.FromDays(days).Ticks);
    }

    public void Reset() => Interlocked.Exchange(ref offsetTicks, 0);
}
