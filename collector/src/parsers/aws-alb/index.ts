// AWS Application Load Balancer access-log parser.
export { awsAlb, awsAlbFormat, parseAwsAlb } from './aws-alb.js'
