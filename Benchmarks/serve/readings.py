"""A month of quarter-hour readings for members m0001..mN and the two generators (long layout)."""
import calendar, datetime, sys
n, month = int(sys.argv[1]), sys.argv[2]
year, mon = map(int, month.split("-"))
days = calendar.monthrange(year, mon)[1]
start = datetime.datetime(year, mon, 1, tzinfo=datetime.timezone.utc) - datetime.timedelta(hours=8)
out = sys.stdout
out.write("meter_id,interval_start,energy_wh\n")
for k in range(days * 96):
    t = (start + datetime.timedelta(minutes=15 * k)).strftime("%Y-%m-%dT%H:%M:%SZ")
    hour = (k // 4 + 8) % 24
    out.write(f"pv1,{t},{max(0, 6 - abs(hour - 12)) * 200_000}\n")
    out.write(f"w1,{t},{300_000 + (k * 7919) % 200_000}\n")
    for i in range(1, n + 1):
        out.write(f"m{i:04d},{t},{1000 + (i * 131 + k * 17) % 2000}\n")
