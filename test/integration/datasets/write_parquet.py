"""Writes the Parquet file the preview integration test reads, with pyarrow.

usage: write_parquet.py OUT ROWS ROW_GROUP_SIZE COMPRESSION
Prints what pyarrow says about the file as JSON: rows, row groups, schema.
"""
import json
import sys
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

out, rows, row_group_size, compression = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ids = np.arange(rows, dtype=np.int64)
noise = np.random.default_rng(42).random(rows)
start_day = date(2024, 1, 1)
start_time = datetime(2024, 1, 1, tzinfo=timezone.utc)
table = pa.table(
    {
        "id": pa.array(ids),
        "name": pa.array([f"item-{i:06d}" for i in range(rows)]),
        "score": pa.array(ids * 0.5 + 0.25),
        "noise": pa.array(noise),
        "flag": pa.array(ids % 3 == 0),
        "day": pa.array([start_day + timedelta(days=int(i % 3650)) for i in range(rows)], type=pa.date32()),
        "seen": pa.array([start_time + timedelta(seconds=int(i)) for i in range(rows)], type=pa.timestamp("us", tz="UTC")),
        "tags": pa.array([[f"t{i % 5}"] * int(i % 3) for i in range(rows)], type=pa.list_(pa.string())),
        "maybe": pa.array([None if i % 4 == 1 else int(i) for i in range(rows)], type=pa.int32()),
    }
)
pq.write_table(table, out, row_group_size=row_group_size, compression=compression)
meta = pq.ParquetFile(out).metadata
print(json.dumps({"rows": meta.num_rows, "row_groups": meta.num_row_groups, "schema": [str(f.type) for f in table.schema]}))
