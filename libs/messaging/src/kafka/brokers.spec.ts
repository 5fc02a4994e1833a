import { parseBrokers } from './brokers';

describe('parseBrokers', () => {
  it('splits a comma list and trims blanks', () => {
    expect(parseBrokers(' a:9092, b:9092 ,,')).toEqual(['a:9092', 'b:9092']);
  });

  it('falls back to the local broker when unset or empty', () => {
    expect(parseBrokers(undefined)).toEqual(['127.0.0.1:9092']);
    expect(parseBrokers(' , ')).toEqual(['127.0.0.1:9092']);
  });
});
