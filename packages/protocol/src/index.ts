export * from './webhdfs-operations.js';
