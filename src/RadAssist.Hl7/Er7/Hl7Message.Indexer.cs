using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RadAssist.Hl7;

/// <content>The single pass that indexes segment and field boundaries.</content>
public sealed partial class Hl7Message
{
    /// <summary>
    /// Records segment boundaries and field starts in one pass over the message. The pass compares 32 or 16 bytes at
    /// a time with the field separator and the segment terminator, and visits only the positions that match.
    /// </summary>
    private ref struct SegmentIndexer
    {
        private readonly ReadOnlySpan<byte> _span;
        private readonly byte _fieldSeparator;
        private readonly bool _strict;
        private readonly int _segmentBase;
        private int _segmentStart;
        private int _segmentFirstField;

        public SegmentIndexer(
            ReadOnlySpan<byte> span,
            byte fieldSeparator,
            int[] index,
            int segmentBase,
            bool strict,
            List<string>? warnings)
        {
            _span = span;
            _fieldSeparator = fieldSeparator;
            _strict = strict;
            Index = index;
            _segmentBase = segmentBase;
            Warnings = warnings;
        }

        /// <summary>Field starts, then from the segment base three entries per segment, as <see cref="_index"/> describes.</summary>
        public int[] Index { get; }

        public int SegmentCount { get; private set; }

        public int FieldCount { get; private set; }

        public List<string>? Warnings { get; private set; }

        /// <summary>Indexes every segment from an offset to the end, splitting segments at one terminator byte.</summary>
        public void Scan(int offset, byte terminator)
        {
            OpenSegment(offset);
            ref var origin = ref MemoryMarshal.GetReference(_span);
            var length = _span.Length;
            var position = offset;
            if (Vector256.IsHardwareAccelerated)
            {
                var separators = Vector256.Create(_fieldSeparator);
                var terminators = Vector256.Create(terminator);
                for (; position + Vector256<byte>.Count <= length; position += Vector256<byte>.Count)
                {
                    var block = Vector256.LoadUnsafe(ref origin, (nuint)position);
                    var matches = (Vector256.Equals(block, separators) | Vector256.Equals(block, terminators))
                        .ExtractMostSignificantBits();
                    VisitMatches(position, matches, terminator);
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                var separators = Vector128.Create(_fieldSeparator);
                var terminators = Vector128.Create(terminator);
                for (; position + Vector128<byte>.Count <= length; position += Vector128<byte>.Count)
                {
                    var block = Vector128.LoadUnsafe(ref origin, (nuint)position);
                    var matches = (Vector128.Equals(block, separators) | Vector128.Equals(block, terminators))
                        .ExtractMostSignificantBits();
                    VisitMatches(position, matches, terminator);
                }
            }

            for (; position < length; position++)
            {
                var value = _span[position];
                if (value == _fieldSeparator || value == terminator)
                {
                    Visit(position, terminator);
                }
            }

            CloseSegment(length);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void VisitMatches(int blockStart, uint matches, byte terminator)
        {
            while (matches != 0)
            {
                Visit(blockStart + BitOperations.TrailingZeroCount(matches), terminator);
                matches &= matches - 1;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Visit(int position, byte terminator)
        {
            if (_span[position] == terminator)
            {
                CloseSegment(position);
                OpenSegment(position + 1);
            }
            else
            {
                Index[FieldCount++] = position + 1;
            }
        }

        private void OpenSegment(int start)
        {
            _segmentStart = start;
            _segmentFirstField = FieldCount;
            Index[FieldCount++] = start;
        }

        /// <summary>
        /// Keeps the segment that ends at an offset, or drops it when it is empty or blank. An LF at its start belongs
        /// to the previous terminator (CR LF, or LF after some CR terminators), so it is skipped.
        /// </summary>
        private void CloseSegment(int end)
        {
            var start = _segmentStart;
            while (start < end && _span[start] == Lf)
            {
                start++;
            }

            if (start == end)
            {
                FieldCount = _segmentFirstField;
                return;
            }

            var segment = _span[start..end];
            if (IsBlank(segment))
            {
                var warnings = Warnings;
                AddWarning(
                    ref warnings,
                    _strict,
                    Hl7ErrorCode.InvalidSegmentName,
                    "A segment contains only spaces; it is skipped.",
                    start);
                Warnings = warnings;
                FieldCount = _segmentFirstField;
                return;
            }

            var list = Warnings;
            CheckSegmentName(_span, start, end, _fieldSeparator, SegmentCount, _strict, ref list);
            Warnings = list;
            var isMsh = segment.StartsWith("MSH"u8) && (segment.Length == 3 || segment[3] == _fieldSeparator);
            if (SegmentCount > 0 && isMsh)
            {
                throw new Hl7ParseException(
                    Hl7ErrorCode.MultipleMessages,
                    $"The bytes hold a second MSH segment at byte {start}; parse each message on its own.",
                    "MSH(2)",
                    start);
            }

            Index[_segmentFirstField] = start;
            var entry = _segmentBase + (SegmentCount * 3);
            Index[entry] = start;
            Index[entry + 1] = end;
            Index[entry + 2] = _segmentFirstField;
            SegmentCount++;
        }
    }
}
