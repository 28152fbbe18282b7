using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using IamKeyHygiene.Engine.Records;

namespace IamKeyHygiene.Engine.Reports
{
    /// <summary>
    /// The trend as inline SVG: one line per stage that needs a person (every stage but Healthy) across the runs of the
    /// history, oldest left; each point carries a title with its run, date and count. No script, no external reference.
    /// </summary>
    internal static class TrendChart
    {
        private const int Width = 760;
        private const int Height = 280;
        private const int Left = 48;
        private const int Right = 150;
        private const int Top = 16;
        private const int Bottom = 40;

        public static string Render(IReadOnlyList<RunHistoryRecord> runs)
        {
            var stages = ReportFacts.StagesByUrgency.Where(s => s != "Healthy" && runs.Any(r => r.StageCount(s) > 0)).ToList();
            var max = Math.Max(1, runs.SelectMany(r => stages.Select(r.StageCount)).DefaultIfEmpty(0).Max());
            var plotWidth = Width - Left - Right;
            var plotHeight = Height - Top - Bottom;
            double X(int index) => Left + (runs.Count == 1 ? plotWidth / 2.0 : plotWidth * index / (double)(runs.Count - 1));
            double Y(int count) => Top + plotHeight - plotHeight * count / (double)max;

            var svg = new StringBuilder();
            svg.Append($"<svg id=\"trend-chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\">");
            svg.Append("<title>Keys per stage across runs</title>");
            svg.Append($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\" class=\"axis\"/>");
            svg.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" class=\"axis\"/>");
            foreach (var tick in new[] { 0, max / 2, max }.Distinct())
                svg.Append($"<text x=\"{Left - 6}\" y=\"{F(Y(tick) + 4)}\" text-anchor=\"end\" class=\"tick\">{tick}</text>");
            foreach (var index in LabelledRuns(runs.Count))
                svg.Append($"<text x=\"{F(X(index))}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\" class=\"tick\">{Encode(Day(runs[index]))}</text>");

            for (var s = 0; s < stages.Count; s++)
            {
                var stage = stages[s];
                var points = string.Join(" ", runs.Select((run, i) => $"{F(X(i))},{F(Y(run.StageCount(stage)))}"));
                svg.Append($"<g class=\"series stage-{Encode(stage)}\"><polyline points=\"{points}\" fill=\"none\"/>");
                for (var i = 0; i < runs.Count; i++)
                {
                    var count = runs[i].StageCount(stage);
                    svg.Append($"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(count))}\" r=\"3\"><title>{Encode($"{stage}: {count} on {Day(runs[i])} (run {runs[i].RunId})")}</title></circle>");
                }

                svg.Append($"<rect x=\"{Width - Right + 16}\" y=\"{Top + s * 20}\" width=\"12\" height=\"12\"/><text x=\"{Width - Right + 34}\" y=\"{Top + s * 20 + 11}\" class=\"legend\">{Encode(stage)}</text></g>");
            }

            svg.Append("</svg>");
            return svg.ToString();
        }

        /// <summary>At most about eight date labels, the first and last always.</summary>
        private static IEnumerable<int> LabelledRuns(int count)
        {
            var step = Math.Max(1, (int)Math.Ceiling(count / 8.0));
            for (var i = 0; i < count; i += step)
                yield return i;
            if (count > 1 && (count - 1) % step != 0)
                yield return count - 1;
        }

        private static string Day(RunHistoryRecord run) => run.Start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        private static string Encode(string text) => WebUtility.HtmlEncode(text);
    }
}
