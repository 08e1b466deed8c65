//! Writers of the flat statements table ([`whosaid_pipeline::table`]): CSV with a header row,
//! and Parquet with one row group per [`ROW_GROUP`] rows so that memory stays bounded however
//! many statements a run finds.

use std::io::{self, Write};
use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use whosaid_pipeline::table::{Cell, ColumnType, StatementRow, COLUMNS};

/// Rows per Parquet row group: large enough for good compression and fast scans, small enough
/// to hold in memory.
const ROW_GROUP: usize = 64 * 1024;

pub struct CsvWriter {
    writer: csv::Writer<Box<dyn Write + Send>>,
}

impl CsvWriter {
    pub fn new(out: Box<dyn Write + Send>) -> io::Result<CsvWriter> {
        let mut writer = csv::Writer::from_writer(out);
        writer
            .write_record(COLUMNS.iter().map(|column| column.name))
            .map_err(io::Error::other)?;
        Ok(CsvWriter { writer })
    }

    pub fn write(&mut self, rows: &[StatementRow]) -> io::Result<()> {
        let mut record = csv::StringRecord::new();
        for row in rows {
            record.clear();
            for column in COLUMNS {
                match (column.cell)(row) {
                    Cell::Text(text) => record.push_field(text.unwrap_or("")),
                    Cell::Integer(n) => {
                        record.push_field(&n.map_or(String::new(), |n| n.to_string()))
                    }
                    Cell::Float(x) => record.push_field(&x.to_string()),
                }
            }
            self.writer.write_record(&record).map_err(csv_error)?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// A csv error is an I/O error (the rows are plain strings); keep its kind, so that a closed
/// pipe is still recognised as one.
fn csv_error(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

pub struct ParquetWriter {
    writer: SerializedFileWriter<Box<dyn Write + Send>>,
    rows: Vec<StatementRow>,
}

impl ParquetWriter {
    pub fn new(out: Box<dyn Write + Send>) -> io::Result<ParquetWriter> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("whosaid {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(out, Arc::new(schema()), Arc::new(properties))
            .map_err(io::Error::other)?;
        Ok(ParquetWriter {
            writer,
            rows: Vec::new(),
        })
    }

    pub fn write(&mut self, rows: Vec<StatementRow>) -> io::Result<()> {
        self.rows.extend(rows);
        if self.rows.len() >= ROW_GROUP {
            self.write_row_group()?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<()> {
        if !self.rows.is_empty() {
            self.write_row_group()?;
        }
        let mut out = self.writer.into_inner().map_err(parquet_error)?;
        out.flush()
    }

    fn write_row_group(&mut self) -> io::Result<()> {
        let rows = std::mem::take(&mut self.rows);
        let mut group = self.writer.next_row_group().map_err(parquet_error)?;
        for column in COLUMNS {
            let mut writer = group
                .next_column()
                .map_err(parquet_error)?
                .expect("the schema has a column for each of COLUMNS");
            let cells = rows.iter().map(|row| (column.cell)(row));
            match column.column_type {
                ColumnType::Text => {
                    let (values, levels) = nullable(cells, |cell| match cell {
                        Cell::Text(text) => text.map(ByteArray::from),
                        _ => unreachable!("typed column"),
                    });
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(&values, Some(&levels), None)
                        .map_err(parquet_error)?;
                }
                ColumnType::Integer => {
                    let (values, levels) = nullable(cells, |cell| match cell {
                        Cell::Integer(n) => n,
                        _ => unreachable!("typed column"),
                    });
                    writer
                        .typed::<Int64Type>()
                        .write_batch(&values, Some(&levels), None)
                        .map_err(parquet_error)?;
                }
                ColumnType::Float => {
                    let values: Vec<f64> = cells
                        .map(|cell| match cell {
                            Cell::Float(x) => x,
                            _ => unreachable!("typed column"),
                        })
                        .collect();
                    writer
                        .typed::<DoubleType>()
                        .write_batch(&values, None, None)
                        .map_err(parquet_error)?;
                }
            }
            writer.close().map_err(parquet_error)?;
        }
        group.close().map_err(parquet_error)?;
        Ok(())
    }
}

/// The values of a nullable column, and its definition levels (1 for a value, 0 for null).
fn nullable<'a, T>(
    cells: impl Iterator<Item = Cell<'a>>,
    value: impl Fn(Cell<'a>) -> Option<T>,
) -> (Vec<T>, Vec<i16>) {
    let mut values = Vec::new();
    let mut levels = Vec::new();
    for cell in cells {
        let cell = value(cell);
        levels.push(i16::from(cell.is_some()));
        values.extend(cell);
    }
    (values, levels)
}

/// The Parquet schema of [`COLUMNS`]: text as UTF-8 strings, integers as INT64, both
/// optional; confidence as a required DOUBLE.
fn schema() -> Type {
    let fields = COLUMNS
        .iter()
        .map(|column| {
            let field = match column.column_type {
                ColumnType::Text => {
                    Type::primitive_type_builder(column.name, PhysicalType::BYTE_ARRAY)
                        .with_logical_type(Some(LogicalType::String))
                        .with_repetition(Repetition::OPTIONAL)
                }
                ColumnType::Integer => {
                    Type::primitive_type_builder(column.name, PhysicalType::INT64)
                        .with_repetition(Repetition::OPTIONAL)
                }
                ColumnType::Float => {
                    Type::primitive_type_builder(column.name, PhysicalType::DOUBLE)
                        .with_repetition(Repetition::REQUIRED)
                }
            };
            Arc::new(field.build().expect("the column types are valid Parquet"))
        })
        .collect();
    Type::group_type_builder("statements")
        .with_fields(fields)
        .build()
        .expect("the schema is valid Parquet")
}

fn parquet_error(err: parquet::errors::ParquetError) -> io::Error {
    match err {
        parquet::errors::ParquetError::External(inner) => match inner.downcast::<io::Error>() {
            Ok(io) => *io,
            Err(other) => io::Error::other(other),
        },
        other => io::Error::other(other),
    }
}
